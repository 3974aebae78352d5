/** The example gallery: each entry has public/examples/<slug>.graft.json. */
export const EXAMPLES = [
  { slug: 'mnist-transfer', title: 'MNIST transfer', description: 'Keras\' transfer example: frozen digits-cnn convolutions, a new head trained on digits 5–9.' },
  { slug: 'two-stage-finetune', title: 'Two-stage fine-tune', description: 'MobileNetV2 frozen, head trained with RMSprop; then the top block unfrozen at 1e-5.' },
  { slug: 'pretrain-digits', title: 'Pretrain digits-cnn', description: 'A small CNN from scratch on digits 0–4: how the digits-cnn base is made.' },
  { slug: 'webcam-classifier', title: 'Webcam classifier', description: 'Record classes from the webcam, train a head on MobileNetV2 features, predict live.' },
] as const;
