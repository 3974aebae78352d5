/// <reference lib="webworker" />
// The training worker (DESIGN §6): tfjs and the WebGPU backend live here, off the editor's thread.
import { createRunHost } from './host';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createRunHost((message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer), scope.location.origin);
scope.onmessage = (e: MessageEvent<ToWorker>) => host.handle(e.data);
