import { useState } from 'react';
import { createHttpAdapter } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';

const adapter = createHttpAdapter(); // talks to /api/quickbi
const PRODUCT_TYPES = ['办公用品', '家具产品', '技术产品'];

export const Sales = () => {
  // The server decides which of these the signed-in user may choose (its policy's `filters`).
  const [productType, setProductType] = useState('');
  const filters = productType ? [{ paramKey: 'product_type', values: [productType] }] : undefined;
  return (
    <QuickBIProvider adapter={adapter} locale="en">
      <label>
        Product type{' '}
        <select value={productType} onChange={(event) => setProductType(event.target.value)}>
          <option value="">All</option>
          {PRODUCT_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      <QuickBIReport
        worksId="dash-sales-0001"
        title="Sales"
        height="auto"
        showStatus
        filters={filters}
      />
    </QuickBIProvider>
  );
};
