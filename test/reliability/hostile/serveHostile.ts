// Child-process entry of the hostile server (see hostileServer.ts).
import { serveHostile } from './hostileServer.js';

void serveHostile().then(({ url }) => console.log(`listening ${url}`));
