// Init container "wait-for-database": waits until PostgreSQL accepts TCP connections, so that
// "migrate" does not crash-loop while the database pod pulls its image, gets its volume or runs
// initdb (its entrypoint listens on TCP only once the database is initialised). Node built-ins
// only; no secrets. DATABASE_HOST, DATABASE_PORT; gives up after WAIT_SECONDS (default 600).
'use strict';
const net = require('node:net');
const host = process.env.DATABASE_HOST;
const port = Number(process.env.DATABASE_PORT || 5432);
const until = Date.now() + Number(process.env.WAIT_SECONDS || 600) * 1000;
let said = '';
(function attempt() {
  const socket = net.connect({ host, port, timeout: 3000 });
  socket.once('connect', () => {
    socket.destroy();
    console.log(`database ${host}:${port} accepts connections`);
    process.exit(0);
  });
  const retry = (why) => {
    socket.destroy();
    if (Date.now() > until) {
      console.error(`database ${host}:${port} did not accept connections in time: ${why}`);
      process.exit(1);
    }
    if (why !== said) {
      console.log(`waiting for database ${host}:${port} (${why})`);
      said = why;
    }
    setTimeout(attempt, 2000);
  };
  socket.once('error', (e) => retry(e.code || e.message));
  socket.once('timeout', () => retry('no answer'));
})();
