import { Module } from '@nestjs/common';
import { ProductDataAccessModule } from '@fleetcache/product-data-access';
import { ProductsController } from './products/products.controller';
import { ProductsService } from './products/products.service';
import { TrendingService } from './trending/trending.service';

/** The products HTTP API and the trending leaderboard; needs the global cache and outbox modules. */
@Module({
  imports: [ProductDataAccessModule],
  controllers: [ProductsController],
  providers: [ProductsService, TrendingService],
  exports: [ProductsService],
})
export class ProductFeatureModule {}
