#!/usr/bin/env -S npx tsx
// The `neo-ingest` executable (package.json "bin"). tsx runs the TypeScript directly: there is no build.
import './cli.ts';
