// electron-builder configuration (`npm run dist`).
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'dev.crashbench.app',
  productName: 'Crashbench',
  copyright: 'Copyright © Crashbench contributors',
  directories: { output: 'out', buildResources: 'build' },
  files: ['dist/**/*', 'package.json', '!dist/**/*.map'],
  extraMetadata: { main: 'dist/electron/main.mjs' },
  asar: true,
  // The native SQLite addon and iced-x86's wasm must load from real files.
  asarUnpack: ['node_modules/better-sqlite3/**', 'node_modules/iced-x86/**'],
  npmRebuild: true,
  fileAssociations: [
    { ext: 'dmp', name: 'Windows crash dump', description: 'Windows crash dump', role: 'Viewer' },
    { ext: 'mdmp', name: 'Windows minidump', description: 'Windows minidump', role: 'Viewer' },
  ],
  linux: { target: ['AppImage', 'deb', 'tar.gz'], category: 'Development', maintainer: 'Crashbench contributors' },
  win: { target: ['nsis'] },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};

export default config;
