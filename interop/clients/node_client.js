// The interop script for Node.js http.request({socketPath}). Usage: node node_client.js SOCKET
// Prints one line per call: CALL <name> <status> <content-type> <base64 body>.
'use strict';
const http = require('http');

const socketPath = process.argv[2];
// [snippet node]
// One kept-alive socket for all calls; count how many the agent had to open.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let connections = 0;
const createConnection = agent.createConnection.bind(agent);
agent.createConnection = (options, callback) => {
  connections++;
  return createConnection(options, callback);
};

function call(name, method, path, args, chunks) {
  return new Promise((resolve, reject) => {
    const headers = {};
    const body = args === undefined ? undefined : Buffer.from(JSON.stringify(args));
    if (body || chunks) headers['Content-Type'] = 'application/json';
    if (body) headers['Content-Length'] = body.length;
    const req = http.request({ socketPath, agent, method, path, headers }, (res) => {
      const parts = [];
      res.on('data', (part) => parts.push(part));
      res.on('end', () => {
        const type = (res.headers['content-type'] || '-').replace(/ /g, '');
        console.log('CALL', name, res.statusCode, type, Buffer.concat(parts).toString('base64'));
        resolve();
      });
    });
    req.on('error', reject);
    // Several writes without a Content-Length: Node sends the body chunked.
    for (const chunk of chunks || (body ? [body] : [])) req.write(chunk);
    req.end();
  });
}

(async () => {
  await call('get-echo', 'GET', '/echo');
  await call('post-echo', 'POST', '/echo', ['a', 1]);
  await call('text-utf8', 'POST', '/text', ['héllo wörld ✓ 𝄞 日本']);
  await call('value-json', 'POST', '/value', [{ k: [1, 2.5, true, null], s: 'ü' }]);
  await call('nothing', 'GET', '/nothing');
  await call('fail', 'POST', '/fail', ['boom-interop']);
  await call('unknown', 'GET', '/no-such-command');
  await call('method-not-allowed', 'GET', '/echo-post');
  await call('head-echo', 'HEAD', '/echo');
  await call('percent-name', 'GET', '/ech%6F');
  await call('chunked', 'POST', '/echo', undefined, ['["chun', 'ked",2]']);
  for (const i of [1, 2, 3]) await call(`keepalive-${i}`, 'POST', '/echo', [i]);
  console.log('CONNECTIONS all', connections);
  agent.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
// [/snippet]
