// A port on 127.0.0.1 that nothing listens on: every connection to it is refused before any HTTP is
// spoken. For runs that must not reach any real server.
import { type AddressInfo, createServer } from 'node:net';

export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}
