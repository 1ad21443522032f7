"""How a program outside the actors talks to the system: request frames and their typed
refusals (errors, requests) and the lifecycle API (api) that runtime.Runtime implements on
Ray. Imports only contracts and infra; supervisors and actors never import it."""
