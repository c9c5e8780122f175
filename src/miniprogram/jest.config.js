// Three kinds of test: pure rules (node), pages and components in miniprogram-simulate (jsdom), and the API
// layer against a real zhibu dev server (node; MINIPROGRAM_API_BASE names it, scripts/miniprogram.sh starts it).
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: false }] };
const common = { transform, moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common, displayName: 'pages', testEnvironment: 'jsdom', testMatch: ['<rootDir>/test/pages/**/*.test.ts'],
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
    },
    {
      ...common, displayName: 'integration', testEnvironment: 'node',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'], testTimeout: 60000,
    },
  ],
};
