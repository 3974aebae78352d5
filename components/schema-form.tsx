'use client';

import type { ReactNode } from 'react';
import styles from './inspector.module.css';

/** The subset of JSON Schema that zod's toJSONSchema gives for node params. */
export interface JsonSchema {
  type?: string;
  enum?: (string | number)[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export type Path = (string | number)[];

export interface FieldOverride {
  /** Renders the field instead of the generic editor; return null to use the generic one. */
  render(props: { path: Path; value: unknown; onChange: (v: unknown) => void; schema: JsonSchema }): ReactNode | null;
}

export interface FormContext {
  errors: Map<string, string>;
  override?: (path: Path) => FieldOverride | undefined;
  hidden?: (path: Path, parent: Record<string, unknown>) => boolean;
}

export const pathKey = (p: Path) => p.join('.');

/** Field names that read badly when humanized. */
const LABELS: Record<string, string> = { ref: 'Stored images' };

export function humanize(key: string | number): string {
  if (typeof key === 'number') return `#${key + 1}`;
  if (key in LABELS) return LABELS[key]!;
  const s = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A value that satisfies `schema`, from its defaults (used when adding list items or switching variants). */
export function defaultFor(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (schema.oneOf?.[0]) return defaultFor(schema.oneOf[0]);
  if (schema.anyOf) return defaultFor(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, defaultFor(s)]));
    case 'array': return [];
    case 'boolean': return false;
    case 'integer':
    case 'number': return Math.max(schema.minimum ?? 0, schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0, schema.type === 'integer' ? 64 : 0);
    case 'string': return '';
    default: return null;
  }
}

function NumberInput({ schema, value, onChange, label }: { schema: JsonSchema; value: unknown; onChange: (v: unknown) => void; label: string }) {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  const range = [min !== undefined ? `${schema.exclusiveMinimum !== undefined ? '>' : '≥'} ${min}` : null, max !== undefined && max < 1e15 ? `${schema.exclusiveMaximum !== undefined ? '<' : '≤'} ${max}` : null].filter(Boolean).join(', ');
  return (
    <span className={styles.numberWrap}>
      <input
        type="number"
        aria-label={label}
        className={styles.input}
        value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
        min={min}
        max={max !== undefined && max < 1e15 ? max : undefined}
        step={schema.type === 'integer' ? 1 : 'any'}
        onChange={(e) => {
          const raw = e.target.value;
          onChange(raw === '' ? Number.NaN : Number(raw));
        }}
      />
      {range && <span className={styles.range}>{range}</span>}
    </span>
  );
}

/** One field, generated from its JSON Schema: numbers with ranges, selects, toggles, lists. */
export function SchemaField({ schema, value, onChange, path, ctx, label }: { schema: JsonSchema; value: unknown; onChange: (v: unknown) => void; path: Path; ctx: FormContext; label?: string }) {
  const name = label ?? humanize(path[path.length - 1] ?? '');
  const error = ctx.errors.get(pathKey(path));
  const custom = ctx.override?.(path)?.render({ path, value, onChange, schema });
  const wrap = (control: ReactNode, block = false) => (
    <div className={block ? styles.block : styles.field} data-field={pathKey(path)}>
      <label className={styles.label}>{name}</label>
      <div className={styles.control}>{control}</div>
      {error && <div className={styles.error} role="alert">{error}</div>}
    </div>
  );
  if (custom) return wrap(custom, true);

  // Nullable: a toggle between "none" and a value.
  const nonNull = schema.anyOf?.filter((s) => s.type !== 'null');
  if (schema.anyOf && nonNull && nonNull.length === 1 && schema.anyOf.length === 2) {
    const inner = nonNull[0]!;
    return wrap(
      <div className={styles.nullable}>
        <label className={styles.check}>
          <input type="checkbox" checked={value !== null && value !== undefined} aria-label={`${name}: set`} onChange={(e) => onChange(e.target.checked ? defaultFor(inner) : null)} />
          {value === null || value === undefined ? <span className={styles.muted}>none</span> : null}
        </label>
        {value !== null && value !== undefined && <SchemaField schema={inner} value={value} onChange={onChange} path={path} ctx={{ ...ctx, errors: new Map() }} label="" />}
      </div>,
      inner.type === 'object' || inner.type === 'array',
    );
  }
  // "auto" or a number (units).
  const auto = schema.anyOf?.find((s) => s.const === 'auto');
  if (auto && nonNull) {
    const num = nonNull.find((s) => s.type === 'integer' || s.type === 'number')!;
    return wrap(
      <span className={styles.row}>
        <select className={styles.input} aria-label={`${name} mode`} value={value === 'auto' ? 'auto' : 'set'} onChange={(e) => onChange(e.target.value === 'auto' ? 'auto' : defaultFor(num))}>
          <option value="auto">auto</option>
          <option value="set">a number</option>
        </select>
        {value !== 'auto' && <NumberInput schema={num} value={value} onChange={onChange} label={name} />}
      </span>,
    );
  }
  // A size or a pair (kernel_size): edit as one number or "a×b".
  if (schema.anyOf && nonNull?.some((s) => s.type === 'array')) {
    const text = Array.isArray(value) ? value.join('×') : String(value ?? '');
    return wrap(
      <input className={styles.input} aria-label={name} defaultValue={text} onBlur={(e) => {
        const parts = e.target.value.split(/[x×, ]+/).filter(Boolean).map(Number);
        onChange(parts.length === 2 ? parts : parts[0]);
      }} />,
    );
  }
  // Variants with a discriminator (schedule, Keras layers).
  if (schema.oneOf) {
    const key = Object.keys(schema.oneOf[0]?.properties ?? {}).find((k) => schema.oneOf!.every((o) => o.properties?.[k]?.const !== undefined))!;
    const obj = (value ?? {}) as Record<string, unknown>;
    const current = schema.oneOf.find((o) => o.properties?.[key]?.const === obj[key]) ?? schema.oneOf[0]!;
    return wrap(
      <div className={styles.group}>
        <select className={styles.input} aria-label={`${name} ${key}`} value={String(obj[key] ?? '')} onChange={(e) => onChange(defaultFor(schema.oneOf!.find((o) => o.properties?.[key]?.const === e.target.value)!))}>
          {schema.oneOf.map((o) => <option key={String(o.properties?.[key]?.const)} value={String(o.properties?.[key]?.const)}>{String(o.properties?.[key]?.const)}</option>)}
        </select>
        {Object.entries(current.properties ?? {}).filter(([k]) => k !== key).map(([k, s]) => (
          <SchemaField key={k} schema={s} value={obj[k]} path={[...path, k]} ctx={ctx} onChange={(v) => onChange({ ...obj, [k]: v })} />
        ))}
      </div>,
      true,
    );
  }
  if (schema.enum) {
    return wrap(
      <select className={styles.input} aria-label={name} value={String(value ?? '')} onChange={(e) => onChange(typeof schema.enum![0] === 'number' ? Number(e.target.value) : e.target.value)}>
        {schema.enum.map((v) => <option key={String(v)} value={String(v)}>{String(v)}</option>)}
      </select>,
    );
  }
  switch (schema.type) {
    case 'boolean':
      return wrap(<input type="checkbox" aria-label={name} checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />);
    case 'integer':
    case 'number':
      return wrap(<NumberInput schema={schema} value={value} onChange={onChange} label={name} />);
    case 'string':
      return wrap(<input className={styles.input} aria-label={name} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />);
    case 'object': {
      const obj = (value ?? {}) as Record<string, unknown>;
      return wrap(
        <div className={styles.group}>
          {Object.entries(schema.properties ?? {}).filter(([k]) => !ctx.hidden?.([...path, k], obj)).map(([k, s]) => (
            <SchemaField key={k} schema={s} value={obj[k]} path={[...path, k]} ctx={ctx} onChange={(v) => onChange({ ...obj, [k]: v })} />
          ))}
        </div>,
        true,
      );
    }
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      const itemSchema = schema.items || {};
      if (itemSchema.type === 'string') {
        return wrap(<input className={styles.input} aria-label={name} defaultValue={items.join(', ')} onBlur={(e) => onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />);
      }
      return wrap(
        <div className={styles.list}>
          {items.map((item, i) => (
            <div key={i} className={styles.listItem}>
              <div className={styles.listHead}>
                <span>{humanize(i)}</span>
                <button type="button" className={styles.small} aria-label={`Remove ${name} ${i + 1}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>remove</button>
              </div>
              <SchemaField schema={itemSchema} value={item} path={[...path, i]} ctx={ctx} label="" onChange={(v) => onChange(items.map((x, j) => (j === i ? v : x)))} />
            </div>
          ))}
          <button type="button" className={styles.small} onClick={() => onChange([...items, defaultFor(itemSchema)])}>+ add</button>
        </div>,
        true,
      );
    }
    default:
      return wrap(<code>{JSON.stringify(value)}</code>);
  }
}
