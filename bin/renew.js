#!/usr/bin/env node
// CommonJS (bin/package.json), like everything on the start-up path: see src/launch.ts.
require('../dist/launch.cjs');
