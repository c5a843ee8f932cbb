#!/usr/bin/env node
// A committed launcher, so a fresh clone's `pnpm install` links the bin before anything is built
// (a bin pointing straight into dist/ warns "Failed to create bin"). The code is dist/bin.js.
import '../dist/bin.js';
