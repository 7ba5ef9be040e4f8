/**
 * A small least-recently-used cache with a weight budget (bytes of symbol
 * data), so parsed symbol files are reused across walks without growing
 * without bound.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;
  constructor(private readonly budget: number) {}

  get(key: K): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  set(key: K, value: V, weight = 1): void {
    const old = this.map.get(key);
    if (old) {
      this.total -= old.weight;
      this.map.delete(key);
    }
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [k, e] of this.map) {
      if (this.total <= this.budget || this.map.size <= 1) break;
      this.map.delete(k);
      this.total -= e.weight;
    }
  }

  getOrCreate(key: K, create: () => { value: V; weight: number }): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const { value, weight } = create();
    this.set(key, value, weight);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
  get weight(): number {
    return this.total;
  }
}
