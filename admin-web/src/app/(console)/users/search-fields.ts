/** What the user search can look up (the user subgraph's UserSearchInput). */
export const USER_SEARCH_FIELDS = ['externalId', 'email', 'phone', 'nickname'] as const;
