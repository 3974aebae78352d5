'use client';

import { useState } from 'react';
import { NODE_TYPES, registry } from '@/nodes/registry';
import type { NodeCategory } from '@/nodes/types';
import { useEditorStoreApi } from './editor-context';
import { PALETTE_MIME } from './canvas';
import styles from './palette.module.css';

const CATEGORIES: { id: NodeCategory; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'model', label: 'Model' },
  { id: 'training', label: 'Training' },
  { id: 'output', label: 'Results' },
];

/** Node types by category with their one-line descriptions: click to add, or drag onto the canvas. */
export function Palette() {
  const store = useEditorStoreApi();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const matches = NODE_TYPES.filter((t) => !q || `${registry[t].label} ${t} ${registry[t].description}`.toLowerCase().includes(q));
  const add = (type: string) => {
    // New nodes land right of the rightmost one, so clicks never stack nodes on each other.
    const { graph } = store.getState();
    const x = graph.nodes.length ? Math.max(...graph.nodes.map((n) => n.position.x)) + 280 : 0;
    const y = graph.nodes.length ? graph.nodes[graph.nodes.length - 1]!.position.y : 0;
    store.getState().addNode(type, { x, y });
  };
  return (
    <nav className={styles.palette} aria-label="Node palette">
      <input className={styles.search} placeholder="Search nodes" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
      {CATEGORIES.map((c) => {
        const items = matches.filter((t) => registry[t].category === c.id);
        if (!items.length) return null;
        return (
          <section key={c.id}>
            <h3 className={styles.category}>{c.label}</h3>
            {items.map((t) => (
              <button
                key={t}
                type="button"
                className={`${styles.item} ${styles[c.id]}`}
                data-testid={`palette-item-${t}`}
                draggable
                onDragStart={(e) => { e.dataTransfer.setData(PALETTE_MIME, t); e.dataTransfer.effectAllowed = 'move'; }}
                onClick={() => add(t)}
                title={`Click to add, or drag onto the canvas`}
              >
                <span className={styles.name}>{registry[t].label}</span>
                <span className={styles.desc}>{registry[t].description}</span>
              </button>
            ))}
          </section>
        );
      })}
      {!matches.length && <p className={styles.none}>No node matches “{query}”.</p>}
    </nav>
  );
}
