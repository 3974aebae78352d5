import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EditorProvider } from '@/components/editor-context';
import { Inspector } from '@/components/inspector';
import { createEditorStore } from '@/lib/store/editor-store';
import { parseGraph } from '@/lib/graph/parse';
import type { Catalog } from '@/lib/catalog/types';

const ROOT = path.resolve(__dirname, '..', '..');
const catalog = JSON.parse(readFileSync(path.join(ROOT, 'public', 'models', 'catalog.json'), 'utf8')) as Catalog;
const example = (slug: string) => parseGraph(JSON.parse(readFileSync(path.join(ROOT, 'public', 'examples', `${slug}.graft.json`), 'utf8'))).graph!;

function setup(slug: string, nodeId: string) {
  const store = createEditorStore(example(slug));
  store.getState().select([nodeId]);
  render(<EditorProvider store={store} catalog={catalog}><Inspector /></EditorProvider>);
  const panel = within(screen.getByTestId('inspector'));
  const params = () => store.getState().graph.nodes.find((n) => n.id === nodeId)!.params;
  return { store, panel, params };
}

describe('Inspector forms generated from the node schemas', () => {
  it('shows the fields of the chosen optimizer type only, with their ranges', () => {
    const { panel, params } = setup('two-stage-finetune', 'rmsprop');
    expect(panel.getByLabelText('Type', { exact: true })).toHaveValue('rmsprop');
    expect(panel.getByLabelText('Rho')).toHaveValue(0.9);
    expect(panel.queryByLabelText('Momentum')).toBeNull();
    expect(panel.queryByLabelText('Beta1')).toBeNull();
    expect(panel.getByText('≥ 0, < 1', { selector: 'span' })).toBeInTheDocument();
    fireEvent.change(panel.getByLabelText('Type', { exact: true }), { target: { value: 'momentum' } });
    expect(params().type).toBe('momentum');
    expect(panel.getByLabelText('Momentum')).toHaveValue(0.9);
    expect(panel.queryByLabelText('Rho')).toBeNull();
  });

  it('writes numbers through, and shows inline validation for a value out of range', () => {
    const { panel, params } = setup('mnist-transfer', 'adam');
    fireEvent.change(panel.getByLabelText('Beta1'), { target: { value: '2' } });
    expect(params().beta1).toBe(2);
    expect(panel.getByRole('alert')).toHaveTextContent('Too big: expected number to be <1');
    fireEvent.change(panel.getByLabelText('Beta1'), { target: { value: '0.8' } });
    expect(panel.queryByRole('alert')).toBeNull();
  });

  it('picks the freeze layer from the model\'s layers, and updates the trainable count', () => {
    const { panel, params } = setup('two-stage-finetune', 'unfreeze-top');
    const picker = panel.getByLabelText('layer', { exact: true }) as HTMLSelectElement;
    const options = Array.from(picker.options).map((o) => o.textContent);
    expect(options).toContain('block_15_add  ·  Add  ·  3×3×160');
    expect(options).toContain('Conv_1  ·  Conv2D  ·  3×3×1280  ·  409,600 params');
    expect(panel.getByTestId('param-effect')).toHaveTextContent('1,043,653 trainable');
    fireEvent.change(picker, { target: { value: 'block_16_project_BN' } });
    expect(params().layer).toBe('block_16_project_BN');
    // Compiling is deferred: wait for the recompiled effect.
    return act(async () => {}).then(() => expect(panel.getByTestId('param-effect')).toHaveTextContent(`${(409_600 + 164_613).toLocaleString('en-US')} trainable`));
  });

  it('edits the list of hidden layers of a head', () => {
    const { panel, params } = setup('mnist-transfer', 'head');
    expect(panel.getByLabelText('Units', { exact: true })).toHaveValue(128);
    fireEvent.click(panel.getByRole('button', { name: '+ add' }));
    expect((params().hidden as unknown[]).length).toBe(2);
    fireEvent.click(panel.getByRole('button', { name: 'Remove Hidden 1' }));
    expect(params().hidden).toEqual([{ units: 64, activation: 'relu', dropout: 0 }]);
    fireEvent.change(panel.getByLabelText('Units mode'), { target: { value: 'set' } });
    expect(typeof params().units).toBe('number');
  });

  it('filters dataset classes with checkboxes of the classes the source has', () => {
    const { panel, params } = setup('mnist-transfer', 'digits-5-9');
    const seven = panel.getByLabelText('7') as HTMLInputElement;
    expect(seven.checked).toBe(true);
    expect((panel.getByLabelText('2') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(seven);
    expect(params().classes).toEqual(['5', '6', '8', '9']);
  });
});
