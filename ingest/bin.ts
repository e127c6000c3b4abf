#!/bin/sh
":" //; f="$(readlink -f "$0")"; exec node --import "${f%/*}/../node_modules/tsx/dist/loader.mjs" "$f" "$@"
// The `neo-ingest` executable (package.json "bin"). The two lines above are for sh: they run this file
// under Node with the project's own tsx (there is no build step), from any working directory, which
// `#!/usr/bin/env -S npx tsx` cannot (npx looks for tsx from the caller's directory). Node reads the
// second line as a bare string and a comment.
import './cli.ts';
