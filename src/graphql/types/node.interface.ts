import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay global object identification: every object with an id is a Node, its id a CloudStack uuid. */
@InterfaceType('Node', { description: 'An object with a global id (its CloudStack uuid).' })
export abstract class Node {
  @Field(() => ID, { description: 'CloudStack uuid.' })
  id: string;
}
