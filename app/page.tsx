import { EditorShell } from '@/components/editor-shell';

export default function Page() {
  return <EditorShell />;
}
