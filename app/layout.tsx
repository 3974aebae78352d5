import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'Graft — fine-tune pretrained networks visually',
  description: 'Wire dataset, pretrained base, freeze, head, optimizer and train nodes; train on WebGPU in your browser.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
