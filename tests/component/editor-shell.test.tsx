import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EditorShell } from '@/components/editor-shell';

describe('EditorShell', () => {
  it('renders the header and, on the client, the React Flow canvas under its test id', async () => {
    render(<EditorShell />);
    expect(screen.getByRole('heading', { name: 'Graft' })).toBeInTheDocument();
    const canvas = screen.getByTestId('canvas');
    await waitFor(() => expect(canvas.querySelector('.react-flow')).not.toBeNull());
  });
});
