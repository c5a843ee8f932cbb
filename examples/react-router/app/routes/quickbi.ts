import type { ActionFunctionArgs, LoaderFunctionArgs } from 'react-router';
import { quickbi } from '../quickbi.server';

// The handler takes the Web Request React Router gives a resource route and answers every route
// of the contract itself (POST through `action`; anything else through `loader`, answered 405).
export const loader = ({ request }: LoaderFunctionArgs) => quickbi(request);
export const action = ({ request }: ActionFunctionArgs) => quickbi(request);
