/**
 * The dashboard's pages. The export is static, so there are no dynamic segments: anything
 * that varies goes in the query string.
 */
export const ROUTES = Object.freeze({
  home: '/',
  login: '/login/',
  changePassword: '/change-password/',
})
