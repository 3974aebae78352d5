/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The CLI and the Node-only runtime live outside the app bundle.
  outputFileTracingExcludes: { '*': ['cli/**', 'scripts/**', 'bench/**', 'tests/**'] },
};

module.exports = nextConfig;
