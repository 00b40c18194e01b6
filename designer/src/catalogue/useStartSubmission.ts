// Sending a start form (signed in or public): what was typed stays until the server accepts it,
// its refusals land on their fields, and focus moves to the problem or to the folio when one comes.
// The folio is what the requester quotes; the engine key only addresses the instance's page.
import { useEffect, useRef, useState } from 'react';
import type { Started } from '../api/catalogue';
import { ApiProblem, type FieldProblem } from '../api/client';

type Data = Record<string, unknown>;

/** A request the server started: its folio, and the instance's key for the link to its page. */
export interface Receipt {
  folio: string;
  processInstanceKey: string;
}

export function useStartSubmission(send: (data: Data) => Promise<Started>) {
  const [data, setData] = useState<Data>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [serverErrors, setServerErrors] = useState<FieldProblem[]>();
  const [started, setStarted] = useState<Receipt>();
  const problemRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);
  useEffect(() => {
    if (started) receiptRef.current?.focus();
  }, [started]);

  const submit = async (submitted: Data) => {
    setBusy(true);
    setProblem(undefined);
    setServerErrors(undefined);
    try {
      const { processInstanceKey, folio } = await send(submitted);
      // An instance the server gave no folio (a server older than folios) is told by its key.
      setStarted({ folio: folio || processInstanceKey, processInstanceKey });
      setData({});
    } catch (error) {
      setProblem(error);
      if (error instanceof ApiProblem && error.errors.length) setServerErrors(error.errors);
    } finally {
      setBusy(false);
    }
  };

  return { data, setData, busy, problem, serverErrors, started, setStarted, submit, problemRef, receiptRef };
}
