// Jest global setup of integration suites: fail fast, with the fix, when the local stack is not running.
const net = require('node:net');

const PORTS = [7000, 7001, 7002, 7003, 7004, 7005, 7010, 3307];

function reachable(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

module.exports = async function requireStack() {
  const down = [];
  for (const port of PORTS) if (!(await reachable(port))) down.push(port);
  if (down.length > 0) {
    throw new Error(`Local stack is not running (nothing on 127.0.0.1:${down.join(', ')}). Start it with: npm run stack:up`);
  }
};
