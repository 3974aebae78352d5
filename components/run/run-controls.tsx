'use client';

import { BACKEND_CHOICES } from '@/lib/runtime/browser/client';
import type { BackendChoice } from '@/lib/runtime/browser/client';
import { useEditor, useEditorStoreApi } from '../editor-context';
import { useRunner } from '../runner';
import styles from '../editor-shell.module.css';

const LABEL: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU', auto: 'Auto' };

/** Run / Stop, the backend choice and the badge saying which backend the run uses, and why. */
export function RunControls() {
  const store = useEditorStoreApi();
  const runner = useRunner();
  const status = useEditor((s) => s.run.status);
  const requested = useEditor((s) => s.run.requested);
  const backend = useEditor((s) => s.run.backend);
  const thread = useEditor((s) => s.run.thread);
  const running = status === 'preparing' || status === 'training' || status === 'stopping';
  const badge = backend ? `${LABEL[backend.name]}${backend.software ? ' · software' : ''}` : 'starting…';
  const title = backend
    ? `${backend.reason}${backend.device ? ` — ${backend.device}` : ''}${backend.warning ? `\n${backend.warning}` : ''}\nTraining runs ${thread === 'worker' ? 'in a Web Worker' : 'on the page thread'}.`
    : 'The backend is chosen when a run starts.';
  return (
    <div className={styles.runControls}>
      {running ? (
        <button type="button" className={styles.stop} data-testid="stop-button" onClick={() => runner.stop()} disabled={status === 'stopping'}>
          {status === 'stopping' ? 'Stopping…' : '■ Stop'}
        </button>
      ) : (
        <button type="button" className={styles.run} data-testid="run-button" onClick={() => runner.run()} title="Compile the graph and train it in the browser">▶ Run</button>
      )}
      <select
        aria-label="Backend" data-testid="backend-select" value={requested} disabled={running}
        onChange={(e) => store.getState().setBackendChoice(e.target.value as BackendChoice)}
        title="Auto prefers a hardware GPU (WebGPU, then WebGL), then the fastest software path"
      >
        {BACKEND_CHOICES.map((b) => <option key={b} value={b}>{LABEL[b]}</option>)}
      </select>
      {/* Before the first run the select says it all; then the badge says what the run got. */}
      {(backend || running) && <span className={`${styles.badge} ${backend?.warning ? styles.badgeWarn : ''}`} data-testid="backend-badge" data-backend={backend?.name ?? ''} title={title}>{badge}</span>}
    </div>
  );
}
