// Preloaded (node --require) in front of charts/medusa/files/setup.js by the tests, so the chart's
// own script runs unchanged outside a pod: the service-account files come from SHIM_SA_DIR
// instead of /var/run/secrets/kubernetes.io/serviceaccount, and its HTTPS calls to the Kubernetes
// API go as plain HTTP to the test API server (KUBERNETES_SERVICE_HOST/PORT).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
const dir = process.env.SHIM_SA_DIR;
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === 'string' && file.startsWith(SA + '/')) {
    return readFileSync.call(fs, path.join(dir, file.slice(SA.length + 1)), ...rest);
  }
  return readFileSync.call(fs, file, ...rest);
};
https.request = function (options, callback) {
  const { ca, ...plain } = options;
  void ca;
  return http.request(plain, callback);
};
