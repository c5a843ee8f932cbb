import { index, route } from '@react-router/dev/routes';
import type { RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('login', 'routes/login.ts'),
  // A resource route (no component): the whole contract under /api/quickbi/*.
  route('api/quickbi/*', 'routes/quickbi.ts'),
] satisfies RouteConfig;
