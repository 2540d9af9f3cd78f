// Prints the oauth_signature that WooCommerce's official REST client computes for each request
// read from stdin (one JSON object per line: storeUrl, method, endpoint, params, key, secret,
// nonce, timestamp). The nonce and timestamp are fixed through the OAuth object's own hooks, so
// the Java signer can be compared with the library byte for byte. Test use only.
'use strict';
const WooCommerceRestApi = require('@woocommerce/woocommerce-rest-api').default;
const readline = require('node:readline');

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  const r = JSON.parse(line);
  const api = new WooCommerceRestApi({
    url: r.storeUrl, consumerKey: r.key, consumerSecret: r.secret, version: 'wc/v3',
  });
  const url = api._getUrl(r.endpoint, r.params || {});
  const oauth = api._getOAuth();
  oauth.getNonce = () => r.nonce;
  oauth.getTimeStamp = () => r.timestamp;
  const signed = oauth.authorize({ url, method: r.method });
  console.log(JSON.stringify({ url, signature: signed.oauth_signature }));
});
