import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The files the dashboard serves under /dashboard/assets/: exactly these, nothing else. */
export const DASHBOARD_ASSET_FILES = [
  'dashboard.js',
  'dashboard.css',
  'chart.umd.js',
  'favicon.svg',
] as const;
export type DashboardAssetFile = (typeof DASHBOARD_ASSET_FILES)[number];

/** Every file of the dashboard: its page and its assets. */
export type DashboardFile = 'index.html' | DashboardAssetFile;

/** Where the built app finds the files: dist/apps/<app>/dashboard/, copied by scripts/build/app-webpack.config.cjs. */
export const BUNDLED_DASHBOARD_DIR = 'dashboard';
/** Chart.js's browser bundle (UMD: defines `window.Chart`), as the chart.js package ships it. */
export const CHART_JS_BUNDLE = join('chart.js', 'dist', 'chart.umd.js');

const CONTENT_TYPES: Readonly<Record<DashboardFile, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'chart.umd.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  // The page names its icon: a browser would otherwise ask for /favicon.ico and log the 404 as an error.
  'favicon.svg': 'image/svg+xml',
};

/** A file as it is served: its bytes, its Content-Type and a strong ETag of its content. */
export interface DashboardFileBody {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The dashboard's files, read once at start and served from memory (about 250 KB, Chart.js's bundle most of it).
 * Only the allow-listed names can ever be looked up: a request names a file, never a path.
 */
export class DashboardAssets {
  private readonly files: ReadonlyMap<string, DashboardFileBody>;

  constructor(contents: Readonly<Record<DashboardFile, string | Buffer>>) {
    const files = new Map<string, DashboardFileBody>();
    for (const name of Object.keys(CONTENT_TYPES) as DashboardFile[]) {
      const body = Buffer.from(contents[name]);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      files.set(name, { body, contentType: CONTENT_TYPES[name], etag });
    }
    this.files = files;
  }

  /** Reads the files from where {@link locateDashboardFiles} finds them. */
  static load(paths: Readonly<Record<DashboardFile, string>> = locateDashboardFiles()): DashboardAssets {
    const contents = {} as Record<DashboardFile, Buffer>;
    for (const name of Object.keys(paths) as DashboardFile[]) contents[name] = readFileSync(paths[name]);
    return new DashboardAssets(contents);
  }

  /** The page (index.html). */
  page(): DashboardFileBody {
    return this.files.get('index.html') as DashboardFileBody;
  }

  /** An allow-listed asset by its file name; undefined for any other name. */
  asset(name: string): DashboardFileBody | undefined {
    return (DASHBOARD_ASSET_FILES as readonly string[]).includes(name) ? this.files.get(name) : undefined;
  }
}

/**
 * Where the dashboard's files are. In the built app (`__dirname` is the folder of main.js, webpack leaves it
 * alone for Node targets), the build copied them all into `dashboard/` beside the bundle. From the sources (tests,
 * tools), the page's files are in `web/` beside this file and Chart.js in the installed package, found the way
 * Node's resolution would (up the node_modules folders): `require.resolve` is not used because webpack would
 * rewrite it into a module id in the bundle.
 */
export function locateDashboardFiles(from: string = __dirname): Record<DashboardFile, string> {
  const bundled = join(from, BUNDLED_DASHBOARD_DIR);
  if (existsSync(join(bundled, 'index.html'))) {
    return {
      'index.html': join(bundled, 'index.html'),
      'dashboard.js': join(bundled, 'dashboard.js'),
      'dashboard.css': join(bundled, 'dashboard.css'),
      'chart.umd.js': join(bundled, 'chart.umd.js'),
      'favicon.svg': join(bundled, 'favicon.svg'),
    };
  }
  const web = join(from, 'web');
  if (!existsSync(join(web, 'index.html'))) {
    throw new Error(
      `The dashboard's files are missing: neither ${bundled} (an app built with appWebpackConfig's ` +
        `dashboard: true, scripts/build/app-webpack.config.cjs) nor ${web} (the sources) holds index.html`,
    );
  }
  return {
    'index.html': join(web, 'index.html'),
    'dashboard.js': join(web, 'dashboard.js'),
    'dashboard.css': join(web, 'dashboard.css'),
    'favicon.svg': join(web, 'favicon.svg'),
    'chart.umd.js': findInstalled(from, CHART_JS_BUNDLE),
  };
}

/** `file` of an installed package, looked up in the node_modules folders from `from` up to the root. */
function findInstalled(from: string, file: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(
        `The dashboard needs ${file} (npm package chart.js) and found it in no node_modules above ${from}`,
      );
    }
  }
}
