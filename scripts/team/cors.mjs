// CORS for the embedded team server, answered as CouchDB 3 answers it with `[chttpd] enable_cors = true`,
// `[cors] origins = ...` and `[cors] credentials = true`: an allowed origin gets its own origin back (never
// `*`), `Access-Control-Allow-Credentials: true` so the `AuthSession` cookie goes with the request, and a
// preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered here. Other origins get no CORS
// headers, so a browser keeps their pages from reading the answers.
//
// Allowed: the exact origins in the server's `[cors] origins` (comma-separated, set through
// `/_node/_local/_config/cors/origins`), and any browser extension's own origin (`chrome-extension://ID`,
// `moz-extension://UUID`), since an unpacked or test build's id is not known in advance. This server only
// listens on 127.0.0.1.

import { corsHeaders, corsMethods } from '../../utils/team/cli.ts';

const exposedHeaders = 'content-type, cache-control, accept-ranges, etag, server, x-couch-request-id, x-couch-update-newrev, x-couchdb-body-time';
const extensionOrigin = /^(chrome|moz|safari-web)-extension:\/\/[A-Za-z0-9._-]+$/;

function listedOrigins(config) {
  const text = config.get('cors', 'origins');
  return typeof text === 'string' ? text.split(',').map((o) => o.trim()).filter((o) => o !== '' && o !== '*') : [];
}

export function originAllowed(origin, config) {
  const enabled = config.get('chttpd', 'enable_cors');
  if (enabled === false || enabled === 'false') return false;
  return extensionOrigin.test(origin) || listedOrigins(config).includes(origin);
}

/** Middleware `(req, res, next)` reading the server's config at each request. */
export function corsMiddleware(config) {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !originAllowed(origin, config)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', corsMethods);
      res.setHeader('Access-Control-Allow-Headers', corsHeaders);
      res.setHeader('Access-Control-Max-Age', '600');
      res.statusCode = 204;
      res.end();
      return;
    }
    res.setHeader('Access-Control-Expose-Headers', exposedHeaders);
    next();
  };
}
