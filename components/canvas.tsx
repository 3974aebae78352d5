'use client';

import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

/**
 * The React Flow canvas. Rendered on the client only: its colour mode follows the system
 * theme, which the server cannot know, and a server-rendered class would stick after hydration.
 */
export default function Canvas() {
  return (
    <ReactFlowProvider>
      <ReactFlow nodes={[]} edges={[]} fitView colorMode="system" proOptions={{ hideAttribution: true }}>
        <Background gap={16} />
        <MiniMap pannable zoomable />
        <Controls />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
