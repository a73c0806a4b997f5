// Starts Swagger UI on /openapi.json. A file, not an inline script: the CSP runs none.
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No badge fetched from validator.swagger.io: nothing leaves this origin.
  validatorUrl: null,
});
