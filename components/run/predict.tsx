'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Predictor, SampleImage } from '@/lib/runtime/browser/client';
import { useEditor } from '../editor-context';
import { useRunner } from '../runner';
import { floatsToRgba } from '@/lib/runtime/browser/client';
import { coverPixels, digitPixels, samplePixels } from './pixels';
import { SampleCanvas } from './thumb';
import styles from './run.module.css';

type Source = 'test-samples' | 'draw' | 'upload' | 'webcam';
const SOURCES: { id: Source; label: string }[] = [
  { id: 'test-samples', label: 'Test samples' },
  { id: 'draw', label: 'Draw' },
  { id: 'upload', label: 'Upload' },
  { id: 'webcam', label: 'Webcam' },
];

interface Result { probabilities: Float32Array; ms: number; truth?: string; seen: SampleImage; runId: number; node: string }

function Bars({ predictor, result }: { predictor: Predictor; result: Result }) {
  const ranked = [...result.probabilities].map((p, i) => ({ label: predictor.classes[i] ?? String(i), p })).sort((a, b) => b.p - a.p).slice(0, predictor.topK);
  return (
    <div className={styles.bars} data-testid="predict-bars" aria-live="polite">
      {ranked.map((r, i) => (
        <div key={r.label} className={`${styles.barRow} ${i === 0 ? styles.top : ''}`} data-testid="prediction-row" data-label={r.label} data-p={r.p}>
          <span>{r.label}</span>
          <div className={styles.barTrack}><div className={styles.barFill} style={{ width: `${(r.p * 100).toFixed(1)}%` }} /></div>
          <span>{(r.p * 100).toFixed(1)}%</span>
        </div>
      ))}
      <div className={styles.row}>
        <SampleCanvas sample={result.seen} className={styles.preview} />
        <span className={styles.sub}>what the model sees ({predictor.shape.join('×')}) · {result.ms.toFixed(0)} ms{result.truth != null ? ` · true class “${result.truth}”${result.truth === ranked[0]?.label ? ' ✓' : ' ✗'}` : ''}</span>
      </div>
    </div>
  );
}

/** Live predictions with the trained model: test samples, a drawing pad, an upload, the webcam. */
export function PredictPanel() {
  const predictors = useEditor((s) => s.run.predictors);
  const status = useEditor((s) => s.run.status);
  const runId = useEditor((s) => s.run.runId);
  const runner = useRunner();
  const [node, setNode] = useState<string | null>(null);
  const predictor = predictors.find((p) => p.node === node) ?? predictors[0];
  const [source, setSource] = useState<Source | null>(null);
  const active: Source = source ?? ((predictor?.input as Source) || 'test-samples');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One prediction in flight; the newest input waits for it (a drawing's last stroke is never lost).
  const busy = useRef(false);
  const queued = useRef<{ pixels: Float32Array; truth?: string } | null>(null);

  const predict = useCallback(async (pixels: Float32Array, truth?: string) => {
    if (!predictor) return;
    if (busy.current) { queued.current = { pixels, truth }; return; }
    busy.current = true;
    let next: { pixels: Float32Array; truth?: string } | null = { pixels, truth };
    try {
      while (next) {
        const seen: SampleImage = { id: 'input', label: next.truth ?? '', width: predictor.shape[1], height: predictor.shape[0], rgba: floatsToRgba(next.pixels, predictor.shape[2]) };
        const r = await runner.predict(predictor.node, next.pixels);
        setResult({ ...r, truth: next.truth, seen, runId, node: predictor.node });
        setError(null);
        next = queued.current;
        queued.current = null;
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      busy.current = false;
    }
  }, [predictor, runner, runId]);


  if (!predictor) {
    return <p className={styles.empty}>{status === 'training' || status === 'preparing' ? 'Predictions become available when training ends.' : 'Run the graph: once it has trained, try the model here on test samples, a drawing, an upload or the webcam.'}</p>;
  }
  return (
    <div className={styles.predict}>
      <div>
        {predictors.length > 1 && (
          <select aria-label="Model" value={predictor.node} onChange={(e) => setNode(e.target.value)}>
            {predictors.map((p) => <option key={p.node} value={p.node}>{p.node}</option>)}
          </select>
        )}
        <div className={styles.tabs} role="group" aria-label="Input">
          {SOURCES.map((s) => (
            <button key={s.id} type="button" aria-pressed={active === s.id} data-testid={`predict-source-${s.id}`} onClick={() => { setSource(s.id); setResult(null); }}>{s.label}</button>
          ))}
        </div>
        {active === 'test-samples' && <TestSamples predictor={predictor} onPick={(s) => predict(samplePixels(s.rgba, predictor.shape[2]), s.label)} />}
        {active === 'draw' && <DrawPad onDrawn={(pad) => { const px = digitPixels(pad, predictor.shape); if (px) void predict(px); }} />}
        {active === 'upload' && <Upload onImage={(img) => predict(coverPixels(img, img.width, img.height, predictor.shape))} onError={setError} />}
        {active === 'webcam' && <Webcam onFrame={(v) => predict(coverPixels(v, v.videoWidth, v.videoHeight, predictor.shape))} onError={setError} />}
      </div>
      <div>
        {error && <p className={styles.wrong} role="alert">{error}</p>}
        {result && result.runId === runId && result.node === predictor.node ? <Bars predictor={predictor} result={result} /> : <p className={styles.sub}>Top {predictor.topK} of {predictor.classes.length} classes appear here.</p>}
      </div>
    </div>
  );
}

function TestSamples({ predictor, onPick }: { predictor: Predictor; onPick(s: SampleImage): void }) {
  const runner = useRunner();
  const [samples, setSamples] = useState<SampleImage[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    runner.samples({ dataset: predictor.dataset, split: 'test', limit: 24 })
      .then(async (s) => (s.length ? s : runner.samples({ dataset: predictor.dataset, split: 'validation', limit: 24 })))
      .then((s) => { if (live) setSamples(s); })
      .catch(() => { if (live) setSamples([]); });
    return () => { live = false; };
  }, [runner, predictor.dataset]);
  if (!samples) return <p className={styles.sub}>Loading test samples…</p>;
  if (!samples.length) return <p className={styles.sub}>This dataset has no test or validation samples to show.</p>;
  return (
    <div className={styles.thumbs}>
      {samples.map((s) => (
        <button key={s.id} type="button" className={`${styles.thumb} ${picked === s.id ? styles.thumbOn : ''}`} data-testid="predict-sample" title={s.id}
          onClick={() => { setPicked(s.id); onPick(s); }}>
          <SampleCanvas sample={s} />
          <span>{s.label}</span>
        </button>
      ))}
    </div>
  );
}

function DrawPad({ onDrawn }: { onDrawn(pad: HTMLCanvasElement): void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const lastSent = useRef(0);
  const clear = () => {
    const c = ref.current!;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, c.width, c.height);
  };
  useEffect(clear, []);
  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * e.currentTarget.width, y: ((e.clientY - r.top) / r.height) * e.currentTarget.height };
  };
  const line = (to: { x: number; y: number }) => {
    const ctx = ref.current!.getContext('2d')!;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 18;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    const from = last.current ?? to;
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last.current = to;
  };
  return (
    <div>
      <canvas
        ref={ref} width={224} height={224} className={styles.pad} data-testid="draw-pad" aria-label="Drawing pad: draw a digit with the mouse, a pen or a finger"
        onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); last.current = null; line(point(e)); }}
        onPointerMove={(e) => {
          if (!(e.buttons & 1)) return;
          line(point(e));
          if (performance.now() - lastSent.current > 150) { lastSent.current = performance.now(); onDrawn(ref.current!); }
        }}
        onPointerUp={() => { last.current = null; onDrawn(ref.current!); }}
      />
      <div className={styles.row}><button type="button" onClick={clear} data-testid="draw-clear">Clear</button><span className={styles.sub}>Draw large and centred, light on dark, as in MNIST.</span></div>
    </div>
  );
}

function Upload({ onImage, onError }: { onImage(img: ImageBitmap): void; onError(msg: string): void }) {
  return (
    <label className={styles.row}>
      <span>Pick an image:</span>
      <input type="file" accept="image/*" data-testid="predict-upload" onChange={async (e) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (!f) return;
        try {
          onImage(await createImageBitmap(f));
        } catch {
          onError(`${f.name} could not be read as an image: pick a PNG, JPEG, GIF or WebP file.`);
        }
      }} />
    </label>
  );
}

function Webcam({ onFrame, onError }: { onFrame(v: HTMLVideoElement): Promise<void>; onError(msg: string): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const handlers = useRef({ onFrame, onError });
  useEffect(() => { handlers.current = { onFrame, onError }; });
  useEffect(() => {
    if (!on) return;
    const fail = (msg: string) => handlers.current.onError(msg);
    let stream: MediaStream | null = null;
    let stopped = false;
    let raf = 0;
    const loop = async () => {
      if (stopped) return;
      const v = video.current;
      if (v && v.readyState >= 2) await handlers.current.onFrame(v); // the current model's, if it changes
      raf = requestAnimationFrame(() => void loop());
    };
    navigator.mediaDevices?.getUserMedia({ video: { width: 320, height: 240 } })
      .then(async (s) => {
        stream = s;
        if (stopped) { s.getTracks().forEach((t) => t.stop()); return; }
        video.current!.srcObject = s;
        await video.current!.play();
        void loop();
      })
      .catch((err: unknown) => { fail(`The webcam could not start (${err instanceof Error ? err.message : String(err)}): allow camera access for this page, or use another input.`); setOn(false); });
    return () => { stopped = true; cancelAnimationFrame(raf); stream?.getTracks().forEach((t) => t.stop()); };
  }, [on]);
  return (
    <div>
      <video ref={video} className={styles.video} muted playsInline />
      <div className={styles.row}><button type="button" onClick={() => setOn(!on)} data-testid="webcam-toggle">{on ? 'Stop the webcam' : 'Start the webcam'}</button></div>
    </div>
  );
}
