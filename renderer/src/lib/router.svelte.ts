// Hash routes: #/ library (with filters), #/plots, #/case/ID/tab, #/compare/A/B.

export type Route =
  | { view: 'library'; params: URLSearchParams }
  | { view: 'plots' }
  | { view: 'case'; id: number; tab: string; params: URLSearchParams }
  | { view: 'compare'; left: number; right: number };

export function parseRoute(hash: string): Route {
  const [pathPart, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = (pathPart ?? '').split('/').filter(Boolean);
  const params = new URLSearchParams(query);
  if (parts[0] === 'case' && Number(parts[1]) > 0) return { view: 'case', id: Number(parts[1]), tab: parts[2] ?? 'summary', params };
  if (parts[0] === 'compare' && Number(parts[1]) > 0 && Number(parts[2]) > 0) return { view: 'compare', left: Number(parts[1]), right: Number(parts[2]) };
  if (parts[0] === 'plots') return { view: 'plots' };
  return { view: 'library', params };
}

class Router {
  route = $state<Route>(parseRoute(location.hash));
  constructor() {
    window.addEventListener('hashchange', () => (this.route = parseRoute(location.hash)));
  }
  go(hash: string): void {
    if (location.hash !== hash) location.hash = hash;
  }
}

export const router = new Router();

export const caseHref = (id: number, tab = 'summary', params?: Record<string, string>) =>
  `#/case/${id}/${tab}${params ? '?' + new URLSearchParams(params).toString() : ''}`;
export const compareHref = (left: number, right: number) => `#/compare/${left}/${right}`;
export const libraryHref = (filters: Record<string, string> = {}) => {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  return q ? `#/?${q}` : '#/';
};
