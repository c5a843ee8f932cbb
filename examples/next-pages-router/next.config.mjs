/** @type {import('next').NextConfig} */
const nextConfig = {
  // The demo sign-in link is /login?user=…; its handler is an API route.
  rewrites: async () => [{ source: '/login', destination: '/api/login' }],
};

export default nextConfig;
