// The one place that imports tfjs; the rest of lib/runtime imports from here. The WebGPU
// backend is imported by backend.ts only once navigator.gpu exists: it registers itself at
// import time, and only when it sees an adapter factory (Node gets one from Dawn first).
import * as tf from '@tensorflow/tfjs';

export { tf };
export type Tensor = tf.Tensor;
export type LayersModel = tf.LayersModel;
export type SymbolicTensor = tf.SymbolicTensor;
