// Sending a start form (signed in or public): what was typed stays until the server accepts it,
// its refusals land on their fields, and focus moves to the problem or to the folio when one comes.
import { useEffect, useRef, useState } from 'react';
import type { Started } from '../api/catalogue';
import { ApiProblem, type FieldProblem } from '../api/client';

type Data = Record<string, unknown>;

export function useStartSubmission(send: (data: Data) => Promise<Started>) {
  const [data, setData] = useState<Data>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [serverErrors, setServerErrors] = useState<FieldProblem[]>();
  const [folio, setFolio] = useState<string>();
  const problemRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);
  useEffect(() => {
    if (folio) receiptRef.current?.focus();
  }, [folio]);

  const submit = async (submitted: Data) => {
    setBusy(true);
    setProblem(undefined);
    setServerErrors(undefined);
    try {
      const { processInstanceKey } = await send(submitted);
      setFolio(processInstanceKey);
      setData({});
    } catch (error) {
      setProblem(error);
      if (error instanceof ApiProblem && error.errors.length) setServerErrors(error.errors);
    } finally {
      setBusy(false);
    }
  };

  return { data, setData, busy, problem, serverErrors, folio, setFolio, submit, problemRef, receiptRef };
}
