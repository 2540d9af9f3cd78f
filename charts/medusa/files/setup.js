// Storefleet Medusa setup, run by the post-install/post-upgrade hook Job on the plain node image:
// it needs nothing but Node's own modules. Safe to run again: every object is looked up by
// name/handle before it is created. The admin user is made by the server pod's "admin" init
// container (Medusa creates a first admin only from inside its own process).
// Store-specific text arrives in environment variables and travels as JSON, never through a shell.
'use strict';
const fs = require('node:fs');
const https = require('node:https');

const env = (name) => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
};
const log = (msg) => console.log(`${new Date().toISOString().slice(11, 19)} setup: ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const API = env('MEDUSA_INTERNAL_URL');
const email = env('ADMIN_EMAIL');
const password = env('ADMIN_PASSWORD');
const storeName = env('STORE_NAME');
const currency = env('STORE_CURRENCY');
const country = env('STORE_COUNTRY');
const products = JSON.parse(env('SAMPLE_PRODUCTS'));
let token = null;

// A connection the server closed before this script reused it (Node's keep-alive is 5 s) fails
// the next fetch before anything is sent: retry those socket errors, never an HTTP answer.
async function call(method, path, body, attempt = 1) {
  try {
    return await callOnce(method, path, body);
  } catch (e) {
    const code = e.cause && e.cause.code;
    if (e.status === undefined && attempt < 3 && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')) {
      return call(method, path, body, attempt + 1);
    }
    throw e;
  }
}

async function callOnce(method, path, body) {
  const res = await fetch(API + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60000),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const err = new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
    err.status = res.status;
    throw err;
  }
  return json;
}
const get = (path) => call('GET', path);
const post = (path, body) => call('POST', path, body);
const q = encodeURIComponent;

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${API}/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch (e) { /* not up yet */ }
    await sleep(5000);
  }
  throw new Error(`Medusa at ${API} not healthy after 10 minutes`);
}

async function login() {
  try {
    token = null;
    token = (await post('/auth/user/emailpass', { email, password })).token;
    return true;
  } catch (e) {
    if (e.status === 401) return false;
    throw e;
  }
}

async function ensureAdmin() {
  if (await login()) { log(`logged in as ${email}`); return; }
  throw new Error(`cannot log in as ${email}: the server pod's "admin" init container creates this user at `
    + 'every start (see its log); if the user exists, its password was changed by hand');
}

async function findOrCreate(what, find, create) {
  const found = await find();
  if (found) { log(`${what} exists (${found.id})`); return found; }
  const made = await create();
  log(`${what} created (${made.id})`);
  return made;
}

async function main() {
  log(`waiting for Medusa at ${API}`);
  await waitForServer();
  await ensureAdmin();

  const region = await findOrCreate('region',
    async () => (await get('/admin/regions?limit=200&fields=id,name,*countries')).regions
      .find((r) => (r.countries || []).some((c) => c.iso_2 === country)),
    async () => (await post('/admin/regions', {
      name: storeName, currency_code: currency, countries: [country], payment_providers: ['pp_system_default'],
    })).region);

  const channelName = 'Storefleet storefront';
  const channel = await findOrCreate('sales channel',
    async () => (await get(`/admin/sales-channels?name=${q(channelName)}`)).sales_channels[0],
    async () => (await post('/admin/sales-channels', { name: channelName, description: storeName })).sales_channel);

  const keyTitle = 'Storefleet console';
  const key = await findOrCreate('publishable API key',
    async () => (await get(`/admin/api-keys?type=publishable&limit=200`)).api_keys
      .find((k) => k.title === keyTitle && !k.revoked_at),
    async () => (await post('/admin/api-keys', { title: keyTitle, type: 'publishable' })).api_key);
  await post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }).catch((e) => {
    if (e.status !== 400) throw e; // already linked
  });

  const locationName = 'Storefleet warehouse';
  const location = await findOrCreate('stock location',
    async () => (await get(`/admin/stock-locations?name=${q(locationName)}`)).stock_locations[0],
    async () => (await post('/admin/stock-locations', { name: locationName })).stock_location);
  await post(`/admin/stock-locations/${location.id}/sales-channels`, { add: [channel.id] });
  await post(`/admin/stock-locations/${location.id}/fulfillment-providers`, { add: ['manual_manual'] });

  const fields = 'fields=id,*fulfillment_sets,*fulfillment_sets.service_zones';
  let loc = (await get(`/admin/stock-locations/${location.id}?${fields}`)).stock_location;
  let fset = (loc.fulfillment_sets || []).find((f) => f.type === 'shipping');
  if (!fset) {
    await post(`/admin/stock-locations/${location.id}/fulfillment-sets`, { name: `${locationName} shipping`, type: 'shipping' });
    loc = (await get(`/admin/stock-locations/${location.id}?${fields}`)).stock_location;
    fset = loc.fulfillment_sets.find((f) => f.type === 'shipping');
    log(`fulfillment set created (${fset.id})`);
  }
  let zone = (fset.service_zones || [])[0];
  if (!zone) {
    zone = (await post(`/admin/fulfillment-sets/${fset.id}/service-zones`, {
      name: country.toUpperCase(), geo_zones: [{ type: 'country', country_code: country }],
    })).fulfillment_set.service_zones[0];
    log(`service zone created (${zone.id})`);
  }

  const profile = (await get('/admin/shipping-profiles?type=default')).shipping_profiles[0];
  if (!profile) throw new Error('no default shipping profile (migrations not run?)');

  await findOrCreate('shipping option',
    async () => (await get(`/admin/shipping-options?service_zone_id=${zone.id}`)).shipping_options[0],
    async () => (await post('/admin/shipping-options', {
      name: 'Standard shipping', price_type: 'flat', service_zone_id: zone.id, shipping_profile_id: profile.id,
      provider_id: 'manual_manual',
      type: { label: 'Standard', description: 'Delivered in a few days', code: 'standard' },
      prices: [{ currency_code: currency, amount: Number(env('SHIPPING_PRICE')) }],
      rules: [
        { attribute: 'enabled_in_store', value: 'true', operator: 'eq' },
        { attribute: 'is_return', value: 'false', operator: 'eq' },
      ],
    })).shipping_option);

  for (const p of products) {
    const product = await findOrCreate(`product ${p.handle}`,
      async () => (await get(`/admin/products?handle=${q(p.handle)}&fields=id,*variants`)).products[0],
      async () => (await post('/admin/products', {
        title: p.title, handle: p.handle, status: 'published', shipping_profile_id: profile.id,
        sales_channels: [{ id: channel.id }],
        options: [{ title: 'Default', values: ['Default'] }],
        variants: [{
          title: 'Default', sku: p.sku, manage_inventory: true, options: { Default: 'Default' },
          prices: [{ currency_code: currency, amount: p.price }],
        }],
      })).product);
    const item = (await get(`/admin/inventory-items?sku=${q(p.sku)}&fields=id,*location_levels`)).inventory_items[0];
    if (item && !(item.location_levels || []).some((l) => l.location_id === location.id)) {
      await post(`/admin/inventory-items/${item.id}/location-levels`, { location_id: location.id, stocked_quantity: 1000 });
      log(`stock for ${p.sku} at ${locationName}`);
    }
    void product;
  }

  await publishSecret({
    url: env('STORE_URL'),
    publishableKey: key.token,
    adminEmail: email,
    adminPassword: password,
    regionId: region.id,
    salesChannelId: channel.id,
  });
  log('done');
}

// --- Kubernetes API: create or replace the Secret the console reads -------------------------
const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
function k8s(method, path, body) {
  const host = env('KUBERNETES_SERVICE_HOST');
  return new Promise((resolve, reject) => {
    const req = https.request({
      host, port: env('KUBERNETES_SERVICE_PORT'), path, method,
      ca: fs.readFileSync(`${SA}/ca.crt`),
      headers: {
        authorization: `Bearer ${fs.readFileSync(`${SA}/token`, 'utf8').trim()}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      timeout: 30000,
    }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: data ? JSON.parse(data) : {} }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

async function publishSecret(values) {
  const ns = fs.readFileSync(`${SA}/namespace`, 'utf8').trim();
  const name = env('API_SECRET_NAME');
  const base = `/api/v1/namespaces/${ns}/secrets`;
  const secret = {
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: { name, namespace: ns, labels: JSON.parse(env('API_SECRET_LABELS')) },
    data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(String(v)).toString('base64')])),
  };
  let res = await k8s('GET', `${base}/${name}`);
  if (res.status === 404) {
    res = await k8s('POST', base, secret);
    if (res.status === 409) res = await k8s('GET', `${base}/${name}`);
  }
  if (res.status === 200 && res.body.metadata && res.body.metadata.resourceVersion) {
    secret.metadata.resourceVersion = res.body.metadata.resourceVersion;
    res = await k8s('PUT', `${base}/${name}`, secret);
  }
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`writing secret ${ns}/${name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  }
  log(`secret ${ns}/${name} holds the console's store API details`);
}

main().catch((e) => { console.error(`setup failed: ${e.stack || e}`); process.exit(1); });
