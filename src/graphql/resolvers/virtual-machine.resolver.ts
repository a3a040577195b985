import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Access } from '../auth/access';
import type { GatewayContext } from '../context';
import { Account } from '../types/account.type';
import { GuestOs } from '../types/guest-os.type';
import { Host } from '../types/host.type';
import { Template } from '../types/template.type';
import { VirtualMachine } from '../types/virtual-machine.type';
import { Volume } from '../types/volume.type';
import { Zone } from '../types/zone.type';
import { loadOne } from './load-one';

@Resolver(() => VirtualMachine)
export class VirtualMachineResolver {
  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => Host, { nullable: true, description: 'Current host (null when stopped). Administrators only.' })
  host(@Root() vm: VirtualMachine, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('host'), vm.record.hostId, Host.from);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => Host, { nullable: true, description: 'Previous host. Administrators only.' })
  lastHost(@Root() vm: VirtualMachine, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('host'), vm.record.lastHostId, Host.from);
  }

  @FieldResolver(() => Template, { nullable: true, description: 'The template the VM was deployed from, even if since removed.' })
  template(@Root() vm: VirtualMachine, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('template'), vm.record.templateId, Template.from);
  }

  @FieldResolver(() => GuestOs, { nullable: true })
  guestOs(@Root() vm: VirtualMachine, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('guestOs'), vm.record.guestOsId, GuestOs.from);
  }

  @FieldResolver(() => Zone, { nullable: true })
  zone(@Root() vm: VirtualMachine, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('zone'), vm.record.zoneId, Zone.from);
  }

  @FieldResolver(() => Account, { nullable: true })
  account(@Root() vm: VirtualMachine, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('account'), vm.record.accountId, Account.from);
  }

  @FieldResolver(() => [Volume], { description: 'Attached volumes, ROOT first (by device id).' })
  volumes(@Root() vm: VirtualMachine, @Ctx() ctx: GatewayContext) {
    // `.then`, not async/await: fewer promises on the list's hot path (see load-one.ts).
    return ctx.loaders.volumesByVmId.load(vm.record.id).then((rows) => rows.map(Volume.from));
  }
}
