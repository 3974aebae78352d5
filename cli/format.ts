import type { Diagnostic, TrainingPlan, ParamCounts } from '../lib/compiler/plan';
import type { GraphIssue } from '../lib/graph/schema';

const colorEnabled = () => process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (colorEnabled() ? `\u001b[${code}m${s}\u001b[0m` : s);
const SEVERITY_COLOR = { error: '31', warning: '33', info: '36' } as const;

/** `severity node-id: message`, with the hint indented under it (DESIGN §7, issue #2). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.nodeId ?? (d.edgeId ? `edge ${d.edgeId}` : 'graph');
  const port = d.port ? ` (${d.port})` : '';
  const head = `${paint(SEVERITY_COLOR[d.severity], d.severity)} ${where}${port}: ${d.message}`;
  return d.hint ? `${head}\n    ${paint('2', `hint: ${d.hint}`)}` : head;
}

export function formatIssue(i: GraphIssue): string {
  return `${paint(SEVERITY_COLOR[i.severity], i.severity)} ${i.path}: ${i.message}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function counts(p: ParamCounts): string {
  const approx = p.exact ? '' : ' (approximate: some layers are known only when the model loads)';
  return `${formatCount(p.total)} parameters: ${formatCount(p.trainable)} trainable, ${formatCount(p.nonTrainable)} non-trainable${approx}`;
}

/** A readable summary of a plan: models, stages with their parameter counts and cache decisions. */
export function formatPlanSummary(plan: TrainingPlan): string {
  const lines: string[] = [`Plan: ${plan.title}`];
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'build':
        lines.push(step.base
          ? `  build ${step.model}: ${step.base.source} cut at ${step.base.cutAt ?? '(on load)'}, input ${step.inputShape?.join('×') ?? '(on load)'}, pooling ${step.base.pooling} — ${counts(step.params)}`
          : `  build ${step.model}: ${step.layers.length} layers from scratch, input ${step.inputShape?.join('×')} — ${counts(step.params)}`);
        break;
      case 'add-layers':
        lines.push(`  add to ${step.model}: ${step.layers.map((l) => `${l.class_name}${'units' in l.config ? `(${String(l.config.units)})` : ''}`).join(' → ')}`);
        break;
      case 'fork':
        lines.push(`  fork ${step.from} → ${step.model} (trains from a copy)`);
        break;
      case 'freeze': {
        const frozen = Object.values(step.trainable).filter((t) => !t).length;
        lines.push(`  freeze ${step.model} (${step.mode}, batch norm ${step.batchNorm}): ${frozen} of ${Object.keys(step.trainable).length} weighted layers frozen — ${counts(step.params)}`);
        break;
      }
      case 'train':
        lines.push(`  stage ${step.stage} "${step.label}" on ${step.model}: ${step.fit.epochs} epochs × batch ${step.fit.batchSize}, ${step.optimizer.type} lr ${step.optimizer.learningRate}, ${step.loss}, ${step.classes.length} classes — ${counts(step.params)}`);
        lines.push(`      cache ${step.cache.enabled ? 'on' : 'off'}: ${step.cache.reason}`);
        break;
      case 'evaluate':
        lines.push(`  evaluate ${step.model} on the ${step.split} split of ${step.dataset}`);
        break;
      case 'export':
        lines.push(`  export ${step.model} as "${step.name}" (quantize ${step.quantize})`);
        break;
      case 'predict':
        lines.push(`  predict with ${step.model} (${step.input}, top ${step.topK})`);
        break;
    }
  }
  return lines.join('\n');
}
