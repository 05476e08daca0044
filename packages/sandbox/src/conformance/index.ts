export { loadApiDescription, type ApiDescription, type DescribedApi } from "./api-description";
