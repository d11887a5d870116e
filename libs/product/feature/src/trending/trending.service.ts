import { Injectable } from '@nestjs/common';
import { DerivedCache, Rankings, type CacheSource } from '@fleetcache/cache';
import { ProductsService } from '../products/products.service';
import { TRENDING_PRODUCTS } from '@fleetcache/product-contract';
import { PRODUCT_VIEWS_RANKING, TRENDING_MAX } from './trending.constants';

/** One entry of the trending list. */
interface TrendingItem {
  views: number;
  product: unknown;
}

/**
 * The real-time leaderboard: top products by views (sharded sorted sets, see Rankings). The top-100 list with the
 * products' data is cached as a derived value (trending TTL) and dropped when one of its products changes.
 */
@Injectable()
export class TrendingService {
  constructor(
    private readonly rankings: Rankings,
    private readonly derived: DerivedCache,
    private readonly products: ProductsService,
  ) {}

  /** The `limit` most viewed products (limit ≤ 100), with where the list came from. */
  async top(limit: number): Promise<{ items: TrendingItem[]; source: CacheSource }> {
    const { json, source } = await this.derived.getOrCompute(TRENDING_PRODUCTS.name, TRENDING_PRODUCTS.ttlClass, () =>
      this.compute(),
    );
    return { items: (JSON.parse(json) as TrendingItem[]).slice(0, limit), source };
  }

  private async compute(): Promise<{ json: string; members: number[] }> {
    const ranked = await this.rankings.top(PRODUCT_VIEWS_RANKING, TRENDING_MAX);
    const { entries } = await this.products.getMany(ranked.map((r) => r.id));
    const items: string[] = [];
    const members: number[] = [];
    ranked.forEach((r, i) => {
      const entry = entries[i];
      if (!entry) return; // deleted since it was viewed
      items.push(`{"views":${Math.round(r.score)},"product":${entry.json}}`);
      members.push(r.id);
    });
    return { json: `[${items.join(',')}]`, members };
  }
}
