/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  devIndicators: false,
  // next dev would otherwise write AGENTS.md / CLAUDE.md files into the repo.
  agentRules: false,
  experimental: { agentUpgrade: false, agentFeedback: false },
  // The CLI and the Node-only runtime live outside the app bundle.
  outputFileTracingExcludes: { '*': ['cli/**', 'scripts/**', 'bench/**', 'tests/**'] },
};

module.exports = nextConfig;
