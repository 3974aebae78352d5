'use client';

import dynamic from 'next/dynamic';
import styles from './editor-shell.module.css';

const Canvas = dynamic(() => import('./canvas'), { ssr: false });

/** The editor's frame: header and an empty canvas for now (the editor proper is issue #4). */
export function EditorShell() {
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <span className={styles.logo} aria-hidden>◆</span>
        <h1 className={styles.title}>Graft</h1>
        <span className={styles.tagline}>fine-tune pretrained networks, visually</span>
      </header>
      <main className={styles.main} data-testid="canvas">
        <Canvas />
        <p className={styles.empty}>
          The canvas is empty. Graphs are checked and compiled with <code>npx graft check</code> and <code>npx graft plan</code> for now.
        </p>
      </main>
    </div>
  );
}
