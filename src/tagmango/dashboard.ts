/** Where TagMango's dashboard shows the API keys (any integration's key works), as its pages name it. */
export const KEY_PAGE = 'Dashboard > Automation > Platform Integrations';
