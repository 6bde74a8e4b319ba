// What the binary's TagMango client uses of undici, for the bundle (see scripts/bundle.mjs): the
// connection pools and Dispatcher#request, without the fetch, WebSocket, cache and mock modules
// that undici's own index evaluates at load (and that pull in Node's internal copy of undici).
'use strict';
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const api = require('undici/lib/api');

// As undici's index.js does: request() and the other calls become methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);

module.exports = {
  Agent: require('undici/lib/dispatcher/agent'),
  EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent'),
};
