#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (see docs/adr/0001-node-and-toolchain.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
