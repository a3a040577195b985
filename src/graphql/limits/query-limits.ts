/** Limits on what one GraphQL request may ask for; anything over them is refused before it runs. */
export interface QueryLimits {
  /** Nesting of fields (introspection meta-fields excluded: graphql-js's MaxIntrospectionDepthRule bounds those). */
  maxDepth: number;
  /** Estimated number of field values resolved: each field 1, its children multiplied by the list sizes (`first`, `ids`, estimates). */
  maxCost: number;
  /** Aliased fields in the document. */
  maxAliases: number;
  /** Field selections with fragments expanded. */
  maxFields: number;
  /** Lexical tokens of the document (graphql-js parser limit): bounds parse and validation time. */
  maxTokens: number;
  /** The page-size cap; a larger `first` is refused by the resolver (BAD_USER_INPUT), so cost counts at most this. */
  maxPageSize: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxCost: 50_000,
  maxAliases: 30,
  maxFields: 500,
  maxTokens: 2_000,
  maxPageSize: 100,
};

/** Bounds on input values (variables and literals); a larger input is BAD_USER_INPUT. */
export const INPUT_LIMITS = {
  /** Items in one list (filter lists, ids). */
  maxListItems: 1_000,
  /** Characters in one string. */
  maxStringLength: 4_096,
  /** Nesting of objects and lists. */
  maxNesting: 16,
  /** Values in all variables together. */
  maxValues: 10_000,
} as const;
