import type { Route } from '../route';

/** The Material API's SOAP services. */
export const soapRoutes: Route[] = [];
