// WooCommerce's official REST client (@woocommerce/woocommerce-rest-api) as a reference for the
// tests. Reads one JSON object per line on stdin and answers one JSON line on stdout each, in order.
//
// Signing (default): {storeUrl, method, endpoint, params, key, secret, nonce, timestamp} ->
//   {url, signature, oauth}: the URL the library requests (query normalised its way), the
//   oauth_signature it computes and all the oauth_* parameters it sends. The nonce and timestamp
//   are fixed through the OAuth object's own hooks, so a Java signer can be compared byte for byte.
// Sending ({..., send: true, data}): the library makes the real request (axios) and we print
//   {status, body}, so a server can be checked against the library's own requests on the wire.
// Test use only.
'use strict';
const WooCommerceRestApi = require('@woocommerce/woocommerce-rest-api').default;
const readline = require('node:readline');

async function answer(r) {
  const api = new WooCommerceRestApi({
    url: r.storeUrl, consumerKey: r.key, consumerSecret: r.secret, version: 'wc/v3',
    queryStringAuth: !!r.queryStringAuth, timeout: 10000,
  });
  if (r.send) {
    try {
      const method = r.method.toLowerCase();
      const res = method === 'get' || method === 'delete'
        ? await api[method](r.endpoint, r.params || {})
        : await api[method](r.endpoint, r.data || {}, r.params || {});
      return { status: res.status, body: res.data };
    } catch (e) {
      if (e.response) return { status: e.response.status, body: e.response.data };
      return { error: String(e && e.message ? e.message : e) };
    }
  }
  const url = api._getUrl(r.endpoint, r.params || {});
  const oauth = api._getOAuth();
  oauth.getNonce = () => r.nonce;
  oauth.getTimeStamp = () => r.timestamp;
  const signed = oauth.authorize({ url, method: r.method });
  return { url, signature: signed.oauth_signature, oauth: signed };
}

(async () => {
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    console.log(JSON.stringify(await answer(JSON.parse(line))));
  }
})();
