#!/usr/bin/env node
// The `graft` command. TypeScript sources run through tsx, so `npx graft` works right
// after `npm ci`, with no build step.
import { register as registerEsm } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

registerCjs();
registerEsm();
const mod = await import('./main.ts');
// main.ts is CommonJS (the package has no "type"), so its exports arrive on default.
const { main } = mod.main ? mod : mod.default;
process.exitCode = await main(process.argv.slice(2));
